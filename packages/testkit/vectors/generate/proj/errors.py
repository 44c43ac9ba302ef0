class PaymentDeclined(Exception):
    pass
