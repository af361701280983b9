import { parse, type Tags } from "yaml";
const scalar = (tag: string, fn: string) => ({ tag, resolve: (s: string) => ({ [fn]: s }) });
const seq = (tag: string, fn: string) => ({ tag, collection: "seq" as const, resolve: (v: unknown) => ({ [fn]: (v as { toJSON(): unknown }).toJSON() }) });
const tags: Tags = [scalar("!Ref", "Ref"), scalar("!Sub", "Fn::Sub"), seq("!If", "Fn::If"), seq("!Not", "Fn::Not"), seq("!Equals", "Fn::Equals"), scalar("!GetAtt", "Fn::GetAtt")];
console.log(JSON.stringify(parse(`a: !Not [!Equals [!Ref X, ""]]\nb: !If\n  - C\n  - StringEquals:\n      k: !Ref Y\n  - !Ref AWS::NoValue\nc: !GetAtt R.Arn`, { customTags: tags })));
