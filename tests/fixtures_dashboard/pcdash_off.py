"""A regime that is loaded but never activated: its figures and hits must not show."""
from platform_core import PluginInfo, SearchHit, hookimpl


@hookimpl
def register_plugin(app):
    return PluginInfo(key="pcdashoff", title="Chế độ chưa bật", version="0.1", regulation="(thử nghiệm)")


@hookimpl
def published_figures(app):
    return [{"title": "Số liệu chưa được phép công bố", "rows": [("Bí mật", 7)], "source": "Không công bố"}]


@hookimpl
def search(query, user):
    return [SearchHit("Hồ sơ ẩn Nghệ An", "/p/pcdashoff/1", kind="Hồ sơ")]
