"""Test CA, PDFs and a fake regime for the signature tests."""
