"""Open data: a read-only JSON API (`/api/v1/`) and an Open Referral HSDS 3 export.

Reusers (regional social maps, municipalities, researchers) read the published
fiches without scraping the site. Only published fiches and only their public
fields leave through here; see docs/api.md.
"""
