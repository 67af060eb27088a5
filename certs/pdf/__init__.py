"""The e-certificate PDF: drawing it, signing it (PAdES), checking an uploaded one."""
