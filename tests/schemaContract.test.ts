import assert from 'node:assert';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { resolvers } from '../src/resolvers/index.js';
import { typeDefs } from '../src/server.js';

const schema = buildSchema(typeDefs);
const ownTypes = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name));

describe('schema.graphql, the contract', () => {
  it('keeps every description in the executable schema, scalars included (introspection shows them)', async () => {
    const { createApollo } = await import('../src/server.js');
    const { pino } = await import('pino');
    const apollo = createApollo({ db: {} as never, logger: pino({ level: 'silent' }) });
    await apollo.start();
    try {
      const res = await apollo.executeOperation({
        query: `{ __schema { types { name kind description fields(includeDeprecated: true) { name description args { name description } }
          inputFields { name description } enumValues(includeDeprecated: true) { name description } } } }`,
      });
      assert(res.body.kind === 'single');
      const types = (res.body.singleResult.data as { __schema: { types: Array<Record<string, any>> } }).__schema.types;
      const missing: string[] = [];
      for (const t of types.filter((t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name))) {
        if (!t.description) missing.push(t.name);
        for (const f of [...(t.fields ?? []), ...(t.inputFields ?? [])]) {
          if (!f.description) missing.push(`${t.name}.${f.name}`);
          for (const a of f.args ?? []) if (!a.description) missing.push(`${t.name}.${f.name}(${a.name})`);
        }
        for (const v of t.enumValues ?? []) if (!v.description) missing.push(`${t.name}.${v.name}`);
      }
      expect(missing).toEqual([]);
      expect(types.find((t) => t.name === 'PartialDate')?.description).toMatch(/precision/);
    } finally {
      await apollo.stop();
    }
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of ownTypes) {
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a resolver module for every type with resolvers, and no resolvers for unknown types', () => {
    const unknown = Object.keys(resolvers).filter((name) => !schema.getType(name));
    expect(unknown).toEqual([]);
    for (const t of ownTypes) {
      if (isUnionType(t) || isInterfaceType(t)) expect(resolvers).toHaveProperty(`${t.name}.__resolveType`);
      if (isScalarType(t)) expect(resolvers).toHaveProperty(t.name);
    }
  });

  it('makes every Node type resolvable by node(id:)', () => {
    const nodeTypes = schema.getPossibleTypes(schema.getType('Node') as never).map((t) => t.name);
    expect(nodeTypes.sort()).toEqual(
      ['Affiliation', 'Article', 'Declaration', 'Event', 'Organization', 'Person', 'Place', 'Quote', 'Source'].sort(),
    );
  });
});
