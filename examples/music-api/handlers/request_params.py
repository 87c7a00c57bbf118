# What seed 003's three handlers share, shipped beside each of them (the config's "files"):
# where a request's parameters come from, and how an outcome becomes the proxy answer, with the
# seed's status codes and messages.
import json
import botocore.exceptions


def answer(code, msg):
    return {
        'statusCode': code,
        'body': json.dumps(msg)
    }


def request_params(event):
    """The headers, else the query string, else the JSON body, as the seed reads them; None when there is none."""
    if event['headers'] is not None:
        return event['headers']
    elif event['queryStringParameters'] is not None:
        return event['queryStringParameters']
    elif event['body'] is not None:
        return json.loads(event['body'])
    return None


def run(action, what):
    """200 with the message action() returns; 500 with DynamoDB's refusal; 400 for a missing parameter,
    `what` naming what the parameter was for ('table name', 'value')."""
    try:
        code = 200
        msg = action()
    except botocore.exceptions.ClientError as e:
        code = 500
        msg = str(e)
    except KeyError as e:
        code = 400
        msg = 'KeyError exception happened while using key {} to get the {}.'.format(str(e), what)
    return answer(code, msg)


def respond(event, not_specified, action, what):
    """The seed's handler around `action(dictparam)`: 400 `not_specified` when the request carries
    no parameters at all, else run(action, what)."""
    dictparam = request_params(event)
    if dictparam is None:
        return answer(400, not_specified)
    return run(lambda: action(dictparam), what)
