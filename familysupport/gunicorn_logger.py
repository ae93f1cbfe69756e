"""gunicorn's logger (set as `logger_class` in familysupport/gunicorn.conf.py): query
strings cut from its error log, verification-link tokens from both logs. A module of
its own: only gunicorn imports it."""

from gunicorn.glogging import Logger

from familysupport.logging import StripPublicQueryFilter, mask_links


class GunicornLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, StripPublicQueryFilter) for f in self.error_log.filters):
            self.error_log.addFilter(StripPublicQueryFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: mask_links(v) if isinstance(v, str) else v for k, v in atoms.items()}
