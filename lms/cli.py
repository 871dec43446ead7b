"""The `lms` console script: the app's commands plus Flask-Migrate's `db`, on a prepared instance."""

from __future__ import annotations

from flask.cli import FlaskGroup


def _create_app(*_args):
    from lms import create_app
    from lms.instance import prepare_instance

    app = create_app()
    prepare_instance(app)  # every command may write the database or sign sessions
    return app


main = FlaskGroup(name="lms", create_app=_create_app, add_default_commands=False,
                  add_version_option=False, load_dotenv=False,
                  help="Xiangshang Academy (乡商学堂) management commands.")

if __name__ == "__main__":
    main()
