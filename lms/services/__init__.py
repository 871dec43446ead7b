"""Domain services: plain typed functions that take the acting user and own the commit."""
