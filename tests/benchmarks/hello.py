"""The bare Flask "hello" app the load benchmark compares every page with (same gunicorn settings)."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
