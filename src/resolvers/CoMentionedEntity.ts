export const CoMentionedEntity = {
  __resolveType: (obj: { __typename?: string }) => obj.__typename ?? null,
};
