# Seed 003's DemoCreateTable: PUT /DemoResourceMusic/DemoResourceMusicTable creates the table named
# by the "table" header (or query string, or JSON body) with the Music key schema: Artist (hash),
# SongTitle (range). Parameters and answers as the seed has them, in request_params.py.
import boto3 as bo
from request_params import respond


def lambda_handler(event, context):
    return respond(event, 'Name of the table to be created is not specified.', create_table, 'table name')


def create_table(dictparam):
    tablename = dictparam['table']
    client = bo.client('dynamodb')
    client.create_table(
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
    return 'Table created'
