# Seed 003's DemoHandleItem: one function for every method of /DemoResourceMusic/DemoResourceMusicItem,
# told apart by the proxy event's httpMethod. PUT adds an item, POST updates its AlbumTitle, GET
# reads it, DELETE removes it. Parameters (table, artist, songtitle, albumtitle) come from headers,
# else query string, else JSON body; parameters and answers as the seed has them, in request_params.py.
import boto3 as bo
from request_params import answer, request_params, run


def lambda_handler(event, context):
    dictparam = request_params(event)
    if dictparam is None:
        return answer(400, 'Item to be processed is not specified.')

    action = ACTIONS.get(event['httpMethod'])
    if action is None:
        ## Undefined request
        return answer(400, 'Undefined request.')
    return run(lambda: action(dictparam), 'value')


def table_and_key(dictparam):
    """The table and the item's key, read in the seed's order: table, artist, songtitle."""
    tablename = dictparam['table']
    artist = dictparam['artist']
    songtitle = dictparam['songtitle']
    return tablename, {'Artist': {'S': artist}, 'SongTitle': {'S': songtitle}}


## Add an item
def add_item(dictparam):
    tablename, key = table_and_key(dictparam)
    albumtitle = dictparam['albumtitle']
    client = bo.client('dynamodb')
    client.put_item(
        Item={'Artist': key['Artist'], 'AlbumTitle': {'S': albumtitle}, 'SongTitle': key['SongTitle']},
        ReturnConsumedCapacity='TOTAL',
        TableName=tablename,
    )
    return 'Item added'


## Delete an item
def delete_item(dictparam):
    tablename, key = table_and_key(dictparam)
    client = bo.client('dynamodb')
    client.delete_item(Key=key, TableName=tablename)
    return 'Item deleted'


## Select an item
def get_item(dictparam):
    tablename, key = table_and_key(dictparam)
    client = bo.client('dynamodb')
    response = client.get_item(Key=key, TableName=tablename)
    if 'Item' in response.keys():
        return response['Item']
    else:
        return 'Item not found'


## Update an item
def update_item(dictparam):
    tablename, key = table_and_key(dictparam)
    albumtitle = dictparam['albumtitle']
    client = bo.client('dynamodb')
    client.update_item(
        ExpressionAttributeNames={
            '#AT': 'AlbumTitle',
        },
        ExpressionAttributeValues={
            ':t': {'S': albumtitle},
        },
        Key=key,
        ReturnValues='ALL_NEW',
        TableName=tablename,
        UpdateExpression='SET #AT = :t',
    )
    return 'Item updated'


ACTIONS = {'PUT': add_item, 'DELETE': delete_item, 'GET': get_item, 'POST': update_item}
