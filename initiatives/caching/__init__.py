"""What is kept per data version: computed values and whole family pages."""
