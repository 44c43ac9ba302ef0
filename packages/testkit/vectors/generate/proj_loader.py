"""Load the `proj` package as if it lived in /srv/proj, the path the stored tracebacks show."""
import importlib.abc
import importlib.util
import linecache
import os
import sys

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'proj')
SHOWN_AS = '/srv/proj'


class _Loader(importlib.abc.Loader):
    def __init__(self, source_path, shown_path):
        self.source_path = source_path
        self.shown_path = shown_path

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        with open(self.source_path, encoding='utf-8') as f:
            source = f.read()
        code = compile(source, self.shown_path, 'exec')
        # Tracebacks quote source lines through linecache; an mtime of None keeps the entry.
        linecache.cache[self.shown_path] = (len(source), None, source.splitlines(True), self.shown_path)
        module.__file__ = self.shown_path
        exec(code, module.__dict__)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname == 'proj':
            return importlib.util.spec_from_loader(
                fullname, _Loader(os.path.join(HERE, '__init__.py'), f'{SHOWN_AS}/__init__.py'), is_package=True)
        if fullname.startswith('proj.'):
            leaf = fullname.split('.', 1)[1]
            return importlib.util.spec_from_loader(
                fullname, _Loader(os.path.join(HERE, f'{leaf}.py'), f'{SHOWN_AS}/{leaf}.py'))
        return None


def install():
    sys.meta_path.insert(0, _Finder())
