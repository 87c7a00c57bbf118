// Parity: function tags (TagResource, UntagResource, ListTags), recorded in test_lambda_api
// TestLambdaTag.
import { DeleteFunctionCommand, GetFunctionCommand, ListTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-lambda';
import { describe } from 'vitest';
import { notEmulated, parityCase } from '../harness/case.js';
import { createFixtureFunction, uniqueName, useLambdaCloud } from './fixture.js';

const file = 'lambda_/test_lambda_api' as const;

describe('parity: Lambda tags', () => {
  const env = useLambdaCloud();

  async function fnArn(): Promise<string> {
    const name = uniqueName();
    await createFixtureFunction(env(), { FunctionName: name });
    return (await env().lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration!.FunctionArn!;
  }

  parityCase({ file, test: 'TestLambdaTag::test_create_tag_on_fn_create' }, async (r) => {
    const { lambda } = env();
    const name = uniqueName();
    await createFixtureFunction(env(), { FunctionName: name, Tags: { testtag: `tag-${uniqueName('x')}` } });
    const got = await r.call('get_function_result', lambda, new GetFunctionCommand({ FunctionName: name }));
    await r.call('list_tags_result', lambda, new ListTagsCommand({ Resource: String((got.Configuration as { FunctionArn: string }).FunctionArn) }));
  });

  parityCase({ file, test: 'TestLambdaTag::test_tag_lifecycle[lambda_function]' }, async (r) => {
    const { lambda } = env();
    const Resource = await fnArn();
    const list = (key: string) => r.call(key, lambda, new ListTagsCommand({ Resource }));
    await r.call('tag_single_response', lambda, new TagResourceCommand({ Resource, Tags: { A: 'tag-a' } }));
    await list('tag_single_response_listtags');
    await r.call('tag_multiple_response', lambda, new TagResourceCommand({ Resource, Tags: { B: 'tag-b', C: 'tag-c' } }));
    await list('tag_multiple_response_listtags');
    await r.call('tag_overlap_response', lambda, new TagResourceCommand({ Resource, Tags: { C: 'tag-c-newsuffix', D: 'tag-d' } }));
    await list('tag_overlap_response_listtags');
    await r.call('untag_single_response', lambda, new UntagResourceCommand({ Resource, TagKeys: ['A'] }));
    await list('untag_single_response_listtags');
    await r.call('untag_multiple_response', lambda, new UntagResourceCommand({ Resource, TagKeys: ['B', 'C'] }));
    await list('untag_multiple_response_listtags');
    await r.call('untag_nonexisting_response', lambda, new UntagResourceCommand({ Resource, TagKeys: ['F'] }));
    await list('untag_nonexisting_response_listtags');
    await r.call('untag_existing_and_nonexisting_response', lambda, new UntagResourceCommand({ Resource, TagKeys: ['D', 'F'] }));
    await list('untag_existing_and_nonexisting_response_listtags');
  });

  parityCase({ file, test: 'TestLambdaTag::test_tag_exceptions[lambda_function]' }, async (r) => {
    const { lambda, region, account } = env();
    const Resource = `arn:aws:lambda:${region}:${account}:function:${uniqueName('long-uid')}`;
    await r.call('not_found_exception_tag', lambda, new TagResourceCommand({ Resource, Tags: { A: 'B' } }));
    await r.call('not_found_exception_untag', lambda, new UntagResourceCommand({ Resource, TagKeys: ['A'] }));
    await r.call('not_found_exception_list', lambda, new ListTagsCommand({ Resource }));
    await r.call('aliased_arn_exception', lambda, new ListTagsCommand({ Resource: `${Resource}:alias` }));
    const parts = Resource.split(':');
    parts[parts.length - 2] = 'foobar';
    await r.call('invalid_arn_exception', lambda, new ListTagsCommand({ Resource: parts.join(':') }));
  });

  parityCase({ file, test: 'TestLambdaTag::test_tag_nonexisting_resource' }, async (r) => {
    const { lambda } = env();
    const Resource = await fnArn();
    await r.call('pre_delete_get_function', lambda, new GetFunctionCommand({ FunctionName: Resource }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: Resource }));
    await r.call('not_found_exception_tag', lambda, new TagResourceCommand({ Resource, Tags: { A: 'B' } }));
    await r.call('not_found_exception_untag', lambda, new UntagResourceCommand({ Resource, TagKeys: ['A'] }));
    await r.call('not_found_exception_list', lambda, new ListTagsCommand({ Resource }));
  });

  notEmulated({ file, test: 'TestLambdaTag::test_tag_lifecycle[event_source_mapping]' }, 'event source mappings');
  notEmulated({ file, test: 'TestLambdaTag::test_tag_exceptions[event_source_mapping]' }, 'event source mappings');
  notEmulated({ file, test: 'TestLambdaTag::test_tag_exceptions[capacity_provider]' }, 'capacity providers');
  notEmulated({ file, test: 'TestLambdaTag::test_create_tag_on_esm_create' }, 'event source mappings');
});
