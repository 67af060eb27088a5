"""Status decisions (revoke, suspend, lift, reinstate), integrity records and the status lists."""
