"""`flask demo seed` builds the demo deployment once; running it again changes nothing."""
import sqlalchemy as sa

from platform_core.access.models import Membership
from platform_core.accounts.models import User
from platform_core.plugins.models import PluginActivation
from platform_core.units.models import Unit, UnitClosure


def _counts(db):
    return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Unit, UnitClosure, User, Membership, PluginActivation)}


def test_demo_seed_is_idempotent_and_covers_every_role(app, db, runner):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "quantri / Quantri@2026" in first.output
    after_first = _counts(db)
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert _counts(db) == after_first

    registry = app.extensions["plugins"]
    granted = set(db.session.scalars(sa.select(Membership)).all())
    assert {m.role.key for m in granted} == set(registry.roles), "one demo account per declared role"
    assert {a.plugin_key for a in db.session.scalars(sa.select(PluginActivation))} == set(registry.loaded)
    vinh = db.session.scalar(sa.select(Unit).where(Unit.name == "Thành phố Vinh"))
    assert vinh.parent.name == "Tỉnh Nghệ An"
    assert len(vinh.children) == 3


def test_changed_demo_password_survives_a_second_seed(app, db, runner):
    from platform_core.accounts.passwords import hash_password, verify_password

    runner.invoke(args=["demo", "seed"])
    admin = db.session.scalar(sa.select(User).where(User.username == "quantri"))
    admin.password_hash, admin.must_change_password = hash_password("Doi#MatKhau9"), False
    db.session.commit()
    runner.invoke(args=["demo", "seed"])
    db.session.refresh(admin)
    assert verify_password(admin.password_hash, "Doi#MatKhau9")
