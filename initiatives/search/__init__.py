"""Search: which published fiches serve a place, how they rank for families,
what practitioners filter, count and compare, and the reports built on that."""
