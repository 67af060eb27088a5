"""Review committees, their status and authority, and the specialty catalogue."""
