"""A Celery remote function in plain Python, with celery-cloud-function (python/celery-cloud-function).

The same function is an AWS Lambda handler, an Azure Functions HTTP function, a Google Cloud
Function and a plain HTTP server. Route a Celery task to it in the runner's TASKS, for example
{"shop.quote": "lambda://arn:aws:lambda:eu-central-1:123456789012:function:quote"}, then call it
from any Celery client: app.send_task("shop.quote", args=["A-1", 3]).get().

Run it locally as an HTTP endpoint (route it as "http://127.0.0.1:8080/"):

    PYTHONPATH=python/celery-cloud-function /usr/bin/python3 examples/remote_function.py
"""
from decimal import Decimal

from celery_cloud_function import remote_function

PRICES = {"A-1": Decimal("9.90"), "B-2": Decimal("24.00")}


class OutOfStock(Exception):
    """Raised to the Celery caller as an exception named OutOfStock."""


@remote_function(bind=True)
def quote(self, sku, quantity, currency="EUR"):
    if quantity <= 0:
        raise ValueError(f"quantity must be positive, got {quantity}")  # AsyncResult.get() raises ValueError
    if sku not in PRICES:
        raise OutOfStock(sku)
    if sku == "B-2" and self.request.retries < 1:
        raise self.retry(countdown=5)  # a Celery retry: RETRY now, run again in 5 s
    return {"sku": sku, "quantity": quantity, "total": str(PRICES[sku] * quantity), "currency": currency}


handler = quote.lambda_handler  # AWS Lambda: handler "remote_function.handler"
main = quote.azure_function  # Azure Functions HTTP trigger
entry = quote.cloud_function  # Google Cloud Functions: --entry-point entry

if __name__ == "__main__":
    quote.serve(host="127.0.0.1", port=8080)
