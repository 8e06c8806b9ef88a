"""Static files in production: WhiteNoise's compressed, hashed manifest, without requiring source maps.

Leaflet and markercluster come from PyPI packages (xstatic) that ship the minified files with a
``sourceMappingURL`` comment but without the map itself; Django's manifest storage would fail collectstatic on
the missing file. Source-map comments are left as they are (browsers only ask for them with developer tools
open); every other reference is still rewritten to its hashed name."""
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    def keeps(pattern) -> bool:
        regex = pattern[0] if isinstance(pattern, tuple) else pattern
        return "sourceMappingURL" not in regex

    return tuple((extension, tuple(p for p in found if keeps(p))) for extension, found in patterns)


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
