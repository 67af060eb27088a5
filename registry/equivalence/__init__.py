"""The qualification-to-title equivalence list and recognition (认定)."""
