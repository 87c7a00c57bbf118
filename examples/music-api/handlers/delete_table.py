# Seed 003's DemoDeleteTable: DELETE /DemoResourceMusic/DemoResourceMusicTable deletes the table
# named by the "table" header (or query string, or JSON body). Parameters and answers as the seed
# has them, in request_params.py.
import boto3 as bo
from request_params import respond


def lambda_handler(event, context):
    return respond(event, 'Name of the table to be deleted is not specified.', delete_table, 'table name')


def delete_table(dictparam):
    tablename = dictparam['table']
    client = bo.client('dynamodb')
    client.delete_table(
        TableName=tablename,
    )
    return 'Table deleted'
