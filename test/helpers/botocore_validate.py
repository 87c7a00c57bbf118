"""Validates requests against botocore's service models with botocore's own ParamValidator: the
outside reference for "is this a request AWS would accept". Reads JSON lines on stdin, each
{"service", "operation", "input"}, with blobs as {"$blob": base64}; prints one JSON report."""
import base64
import json
import sys

import botocore.session
from botocore.validate import ParamValidator


def revive(value):
    if isinstance(value, dict):
        if set(value) == {"$blob"}:
            return base64.b64decode(value["$blob"])
        return {key: revive(item) for key, item in value.items()}
    if isinstance(value, list):
        return [revive(item) for item in value]
    return value


def main():
    session = botocore.session.get_session()
    models = {}
    validator = ParamValidator()
    checked = 0
    invalid = []
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        service = request["service"]
        if service not in models:
            models[service] = session.get_service_model(service)
        operation = models[service].operation_model(request["operation"])
        report = validator.validate(revive(request["input"]), operation.input_shape)
        checked += 1
        if report.has_errors():
            invalid.append({"request": f'{service}:{request["operation"]}', "errors": report.generate_report()})
    print(json.dumps({"checked": checked, "invalid": invalid, "botocore": botocore.__version__}))


if __name__ == "__main__":
    main()
