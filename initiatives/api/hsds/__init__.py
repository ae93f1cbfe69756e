"""The published fiches in Open Referral HSDS 3.0: tables, pages, nesting,
the datapackage and the `/api/v1/hsds/` views."""
