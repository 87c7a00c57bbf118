# Seed 003's DemoCreateTable, unchanged but for layout: PUT /DemoResourceMusic/DemoResourceMusicTable
# creates the table named by the "table" header (or query string, or JSON body) with the Music
# key schema: Artist (hash), SongTitle (range).
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
            'body': json.dumps('Name of the table to be created is not specified.')
        }

    try:
        tablename = dictparam['table']
        client = bo.client('dynamodb')
        response = client.create_table(
            AttributeDefinitions=[
                {'AttributeName': 'Artist', 'AttributeType': 'S'},
                {'AttributeName': 'SongTitle', 'AttributeType': 'S'},
            ],
            KeySchema=[
                {'AttributeName': 'Artist', 'KeyType': 'HASH'},
                {'AttributeName': 'SongTitle', 'KeyType': 'RANGE'},
            ],
            ProvisionedThroughput={
                'ReadCapacityUnits': 5,
                'WriteCapacityUnits': 5,
            },
            TableName=tablename,
        )
        code = 200
        msg = 'Table created'
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
