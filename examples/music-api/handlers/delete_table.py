# Seed 003's DemoDeleteTable, unchanged but for layout: DELETE /DemoResourceMusic/DemoResourceMusicTable
# deletes the table named by the "table" header (or query string, or JSON body).
import json
import boto3 as bo
import botocore as bc


def lambda_handler(event, context):
    if event['headers'] is not None:
        dictparam = event['headers']
    elif event['queryStringParameters'] is not None:
        dictparam = event['queryStringParameters']
    elif event['body'] is not None:
        dictparam = json.loads(event['body'])
    else:
        return {
            'statusCode': 400,
            'body': json.dumps('Name of the table to be deleted is not specified.')
        }

    try:
        tablename = dictparam['table']
        client = bo.client('dynamodb')
        response = client.delete_table(
            TableName=tablename,
        )
        code = 200
        msg = 'Table deleted'
    except bc.exceptions.ClientError as e:
        code = 500
        msg = str(e)
    except KeyError as e:
        code = 400
        msg = 'KeyError exception happened while using key {} to get the table name.'.format(str(e))

    return {
        'statusCode': code,
        'body': json.dumps(msg)
    }
