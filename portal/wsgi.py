import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_wsgi_application()

# What is loaded by now (Django, Wagtail, the apps and their models) lives as long as
# the worker: kept out of the garbage collector's full passes, which otherwise walk all
# of it again every few requests, whatever the page.
gc.freeze()
