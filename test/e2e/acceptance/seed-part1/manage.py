# Seed 001's management functions, run against the local cloud through AWS_ENDPOINT_URL.
# Changes from the blog post, each because today's AWS or Python 3 requires it:
#   Runtime python2.7 -> python3.12 (AWS refuses creating python2.7 functions),
#   dict.iteritems() -> dict.items() (Python 3), the region comes from the environment instead of
#   being hard-coded in the printed URLs, and the role the post assumes exists is created first.
# Prints the API id as the last line of stdout.
import json
import os
import logging
import zipfile
import boto3

logging.basicConfig()
logger = logging.getLogger()
logger.setLevel(logging.INFO)


def zipdir(path, ziph):
    for root, dirs, files in os.walk(path):
        for file in files:
            ziph.write(os.path.join(root, file))


def create_deployment_package(package_name, file_names):
    ziph = zipfile.ZipFile(package_name, "w", zipfile.ZIP_DEFLATED)
    for file_name in file_names:
        if (os.path.isdir(file_name)):
            zipdir(file_name, ziph)
        else:
            ziph.write(file_name)
    ziph.close()


def create_lambda_function(package_name, function_name, role,
                           handler, description, account_number):
    with open(package_name, "rb") as package_file:
        package_data = package_file.read()

    client = boto3.client('lambda')

    response = client.create_function(
        FunctionName=function_name,
        Runtime="python3.12",
        Role=role,
        Handler=handler,
        Code={'ZipFile': package_data},
        Description=description,
        Timeout=60,
        MemorySize=128,
        Publish=True
    )

    function_arn = response['FunctionArn']
    function_name = response['FunctionName']

    response = client.add_permission(
        FunctionName=response['FunctionArn'],
        StatementId=response['FunctionName']+"-invoke",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn='arn:aws:execute-api:us-east-1:'+account_number+':*'
    )

    return function_arn


def replace_instances_in_file(filename_source, filename_target, old, new):
    with open(filename_source, 'r') as f:
        newlines = []
        for line in f.readlines():
            newlines.append(line.replace(old, new))
    with open(filename_target, 'w') as f:
        for line in newlines:
            f.write(line)


def create_api(swagger_file_name):
    with open(swagger_file_name, "r") as swagger_file:
        swagger_data = swagger_file.read()

    client = boto3.client('apigateway')
    response = client.import_rest_api(body=swagger_data)

    return response['id']


def deploy_api(api_id, swagger_file, stage):
    client = boto3.client('apigateway')

    with open(swagger_file) as json_data:
        api_def = json.load(json_data)
        json_data.close()
        logger.info("deploying: "+api_id+" to "+stage)
        client.create_deployment(restApiId=api_id,
                                 stageName=stage)

        region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
        logger.info("--------------------- END POINTS (START) ---------------")
        for path, path_object in api_def["paths"].items():
            logger.info("End Point: https://%s"
                        ".execute-api.%s.amazonaws.com/"
                        "%s%s" % (api_id, region, stage, path))
        logger.info("--------------------- END POINTS (END) -----------------")

        enpoint_url = ("https://%s"
                       ".execute-api.%s.amazonaws.com/"
                       "%s" % (api_id, region, stage))
        return api_id, stage, enpoint_url


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    work = os.environ["SEED_WORK_DIR"]
    os.chdir(here)
    ACCOUNT_NUMBER = boto3.client('sts').get_caller_identity()['Account']
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
             "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    boto3.client('iam').create_role(RoleName="lambda_s3", AssumeRolePolicyDocument=json.dumps(trust))

    package = os.path.join(work, "catalog_service.zip")
    swagger_with_arn = os.path.join(work, "swagger_with_arn.json")
    create_deployment_package(package, ["catalog_service.py"])
    function_arn = create_lambda_function(
                           package,
                           "catalog_service",
                           "arn:aws:iam::"+ACCOUNT_NUMBER+":role/lambda_s3",
                           "catalog_service.lambda_handler",
                           "Looking up service information.",
                           ACCOUNT_NUMBER)
    boto3.client('lambda').get_waiter('function_active_v2').wait(FunctionName="catalog_service")
    replace_instances_in_file("swagger.json",
                              swagger_with_arn,
                              "$catalog_serviceARN$", function_arn)
    api_id = create_api(swagger_with_arn)
    deploy_api(api_id, swagger_with_arn, "dev")
    print(api_id)
