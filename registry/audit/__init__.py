"""The audit trail: every change appended, chained by SHA-256, read by the bureau."""
