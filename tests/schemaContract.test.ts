import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { resolvers } from '../src/resolvers/index.js';
import { typeDefs } from '../src/server.js';

const schema = buildSchema(typeDefs);
const ownTypes = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name));

describe('schema.graphql, the contract', () => {
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
