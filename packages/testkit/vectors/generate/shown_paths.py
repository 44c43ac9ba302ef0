"""Show Celery's frames under Debian's path whatever virtualenv runs it.

The 5.6.3 vectors were captured with Celery at /usr/lib/python3/dist-packages, and stored
tracebacks quote that path. A Celery installed elsewhere is compiled here under the same shown path,
so the tracebacks it stores come out identical.
"""
import importlib.machinery
import linecache
import os
import sys

SHOWN_SITE = '/usr/lib/python3/dist-packages'
PACKAGES = ('celery',)


class _ShownLoader(importlib.machinery.SourceFileLoader):
    def __init__(self, fullname, path, site):
        super().__init__(fullname, path)
        self.shown = SHOWN_SITE + path[len(site):]

    def get_code(self, fullname):
        source = self.get_data(self.path).decode('utf-8')
        linecache.cache[self.shown] = (len(source), None, source.splitlines(True), self.shown)
        return compile(source, self.shown, 'exec', dont_inherit=True)


class _Finder:
    def __init__(self, site):
        self.site = site

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split('.')[0] not in PACKAGES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not (spec.origin or '').endswith('.py') or not spec.origin.startswith(self.site):
            return spec
        spec.loader = _ShownLoader(fullname, spec.origin, self.site)
        return spec


def install():
    spec = importlib.machinery.PathFinder.find_spec('celery')
    if spec is None or spec.origin.startswith(SHOWN_SITE):
        return
    site = os.path.dirname(os.path.dirname(spec.origin))
    sys.meta_path.insert(0, _Finder(site))
