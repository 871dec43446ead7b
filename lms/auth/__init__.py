"""Sign-in, registration, password change."""
