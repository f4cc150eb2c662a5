import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.settings")
application = get_wsgi_application()

# Sessions, password-reset links and signed values are only as secret as SECRET_KEY: outside the
# demo the server does not start on the public built-in key.
if settings.SECRET_KEY_IS_PUBLIC and not settings.DEMO_MODE:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it to a long random value (for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`) before serving "
        "Nærvær, or set NAERVAER_DEMO=1 for the demo."
    )
