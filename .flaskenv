FLASK_APP=platform_core.app:create_app
FLASK_RUN_HOST=127.0.0.1
FLASK_RUN_PORT=5000
