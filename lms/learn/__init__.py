from flask import Blueprint

bp = Blueprint("learn", __name__, url_prefix="/learn")


@bp.record_once
def _register_catalog(state) -> None:
    """The learner pages need the catalog in the DB: let `lms serve` sync it on start."""
    from lms import catalog_app

    catalog_app.init_app(state.app)


from lms.learn import routes  # noqa: F401
