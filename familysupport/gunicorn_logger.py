"""gunicorn's logger, with query strings cut from its error log (set as `logger_class`
in familysupport/gunicorn.conf.py). A module of its own: only gunicorn imports it."""

from gunicorn.glogging import Logger

from familysupport.logging import StripPublicQueryFilter


class GunicornLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, StripPublicQueryFilter) for f in self.error_log.filters):
            self.error_log.addFilter(StripPublicQueryFilter())
