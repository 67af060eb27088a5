"""Every table the registry keeps, for Alembic and for mapping the models at start-up.

Each domain declares its own models; this module only gathers them into one metadata.
"""

from __future__ import annotations

from registry.audit import models as audit
from registry.batches import models as batches
from registry.calendar import models as calendar
from registry.certificates import models as certificates
from registry.clients import models as clients
from registry.committees import models as committees
from registry.db import Base
from registry.equivalence import models as equivalence
from registry.holders import models as holders
from registry.imports import models as imports
from registry.keys import models as keys
from registry.projection import models as projection
from registry.revocation import models as revocation
from registry.web import models as web

DOMAINS = (
    audit,
    batches,
    calendar,
    certificates,
    clients,
    committees,
    equivalence,
    holders,
    imports,
    keys,
    projection,
    revocation,
    web,
)
metadata = Base.metadata
