"""Modules whose code runs when first used instead of when first imported (the standard library's
``importlib.util.LazyLoader``), for code every process would import but the portal never runs.

allauth's WebAuthn (passkeys and security keys) is implemented with fido2 and cryptography: 12 MiB of every process
(benchmarks/README.md, "Worker memory"). The portal offers TOTP and recovery codes only (``MFA_SUPPORTED_TYPES``),
but allauth's MFA views, forms and the login stage every sign-in passes (``allauth.mfa.stages``) import
``allauth.mfa.webauthn.internal.auth`` at their top and call it only inside functions. Deferred, that module, and
fido2 with it, is executed on its first attribute access, which only a WebAuthn ceremony makes.

Python 3.11's lazy module is not safe for two threads making its first access at once; only a WebAuthn ceremony
makes that access, and a portal that enables WebAuthn should drop its entry here."""
import importlib.util
import sys
from types import ModuleType

DEFERRED_MODULES = ("allauth.mfa.webauthn.internal.auth",)


def defer_execution(name: str) -> ModuleType:
    """Registers ``name`` as imported, its code to run on first attribute access; an already imported module is
    returned as it is."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)  # imports the parent packages (empty ``__init__`` files here)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent_name, _, child_name = name.rpartition(".")
    setattr(sys.modules[parent_name], child_name, module)  # as the import system does: ``from parent import child``
    return module


def defer_unused_imports() -> None:
    for name in DEFERRED_MODULES:
        defer_execution(name)
