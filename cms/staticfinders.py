"""Static file finders: the project's folders, minus vendor files we do not serve and cannot collect."""
from django.contrib.staticfiles.finders import FileSystemFinder


class PortalFileSystemFinder(FileSystemFinder):
    """STATICFILES_DIRS without markercluster's minified build: its package ships no source map for it, and the
    manifest storage of production (collectstatic) refuses a file whose sourceMappingURL points nowhere. The map
    component serves the unminified build, whose map is there."""

    IGNORED = ["leaflet.markercluster.js"]

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *self.IGNORED])
