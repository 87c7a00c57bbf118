# Seed 003's DemoHandleItem, unchanged but for layout: one function for every method of
# /DemoResourceMusic/DemoResourceMusicItem, told apart by the proxy event's httpMethod.
# PUT adds an item, POST updates its AlbumTitle, GET reads it, DELETE removes it. Parameters
# (table, artist, songtitle, albumtitle) come from headers, else query string, else JSON body.
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
            'body': json.dumps('Item to be processed is not specified.')
        }

    ## Add an item
    if event['httpMethod'] == 'PUT':
        try:
            tablename = dictparam['table']
            artist = dictparam['artist']
            songtitle = dictparam['songtitle']
            albumtitle = dictparam['albumtitle']
            client = bo.client('dynamodb')
            response = client.put_item(
                Item={
                    'Artist': {'S': artist},
                    'AlbumTitle': {'S': albumtitle},
                    'SongTitle': {'S': songtitle},
                },
                ReturnConsumedCapacity='TOTAL',
                TableName=tablename,
            )
            code = 200
            msg = 'Item added'
        except bc.exceptions.ClientError as e:
            code = 500
            msg = str(e)
        except KeyError as e:
            code = 400
            msg = 'KeyError exception happened while using key {} to get the value.'.format(str(e))

        return {
            'statusCode': code,
            'body': json.dumps(msg)
        }

    ## Delete an item
    elif event['httpMethod'] == 'DELETE':
        try:
            tablename = dictparam['table']
            artist = dictparam['artist']
            songtitle = dictparam['songtitle']
            client = bo.client('dynamodb')
            response = client.delete_item(
                Key={
                    'Artist': {'S': artist},
                    'SongTitle': {'S': songtitle},
                },
                TableName=tablename,
            )
            code = 200
            msg = 'Item deleted'
        except bc.exceptions.ClientError as e:
            code = 500
            msg = str(e)
        except KeyError as e:
            code = 400
            msg = 'KeyError exception happened while using key {} to get the value.'.format(str(e))

        return {
            'statusCode': code,
            'body': json.dumps(msg)
        }

    ## Select an item
    elif event['httpMethod'] == 'GET':
        try:
            tablename = dictparam['table']
            artist = dictparam['artist']
            songtitle = dictparam['songtitle']
            client = bo.client('dynamodb')
            response = client.get_item(
                Key={
                    'Artist': {'S': artist},
                    'SongTitle': {'S': songtitle},
                },
                TableName=tablename,
            )
            code = 200
            if 'Item' in response.keys():
                msg = response['Item']
            else:
                msg = 'Item not found'
        except bc.exceptions.ClientError as e:
            code = 500
            msg = str(e)
        except KeyError as e:
            code = 400
            msg = 'KeyError exception happened while using key {} to get the value.'.format(str(e))

        return {
            'statusCode': code,
            'body': json.dumps(msg)
        }

    ## Update an item
    elif event['httpMethod'] == 'POST':
        try:
            tablename = dictparam['table']
            artist = dictparam['artist']
            songtitle = dictparam['songtitle']
            albumtitle = dictparam['albumtitle']
            client = bo.client('dynamodb')
            response = client.update_item(
                ExpressionAttributeNames={
                    '#AT': 'AlbumTitle',
                },
                ExpressionAttributeValues={
                    ':t': {'S': albumtitle},
                },
                Key={
                    'Artist': {'S': artist},
                    'SongTitle': {'S': songtitle},
                },
                ReturnValues='ALL_NEW',
                TableName=tablename,
                UpdateExpression='SET #AT = :t',
            )
            code = 200
            msg = 'Item updated'
        except bc.exceptions.ClientError as e:
            code = 500
            msg = str(e)
        except KeyError as e:
            code = 400
            msg = 'KeyError exception happened while using key {} to get the value.'.format(str(e))

        return {
            'statusCode': code,
            'body': json.dumps(msg)
        }

    ## Undefined request
    else:
        return {
            'statusCode': 400,
            'body': json.dumps('Undefined request.')
        }
