"""The public projection: the only writer of the tables verify reads.

Every change that the public may see is written here, in the transaction of the change,
and nowhere else (Boulder's storage authority is the model). No ID-card number and no
unmasked name goes into these tables, except the full names a running public notice
shows, as 公示 requires."""
