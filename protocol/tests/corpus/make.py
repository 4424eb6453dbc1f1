# Builds protocol/tests/corpus from the documented example report: each file one hostile or
# malformed body tried against the collector, listed in expected.tsv with the field its
# rejection must name ("" for the body as a whole, OK if accepted).
# Run from the repository root: python3 protocol/tests/corpus/make.py
import json, re, copy, os
doc = open('docs/protocol.md').read()
start = doc.index('```json\n{\n  "schema_version"') + len('```json\n')
end = doc.index('\n```', start)
base = json.loads(doc[start:end])
out = 'protocol/tests/corpus'
cases = []
def case(name, field, body):
    with open(f'{out}/{name}.json', 'w' if isinstance(body, str) else 'wb') as f:
        f.write(body)
    cases.append((name, field))
def mutated(name, field, fn):
    b = copy.deepcopy(base); fn(b); case(name, field, json.dumps(b, ensure_ascii=False))
def set_(path, value):
    def fn(b):
        cur = b
        for p in path[:-1]: cur = cur[p]
        cur[path[-1]] = value
    return fn
text = json.dumps(base, ensure_ascii=False)
case('valid', 'OK', text)
case('truncated', '', text[: len(text) // 2])
case('trailing-garbage', '', text + ' {}')
case('not-json', '', 'hostname=web01&cpu=8')
case('empty', '', '')
case('duplicate-top-key', 'report_id', text.replace('{', '{"report_id":"00000000-0000-0000-0000-000000000001",', 1))
case('duplicate-nested-key', 'device.identity.hostname', text.replace('"hostname": ', '"hostname": "decoy", "hostname": ', 1))
case('deep-nesting', '', '{"schema_version":3,"device":' + '[' * 5000 + ']' * 5000 + '}')
mutated('schema-from-the-future', 'schema_version', set_(['schema_version'], 99))
mutated('nil-report-id', 'report_id', set_(['report_id'], '00000000-0000-0000-0000-000000000000'))
mutated('hostname-nul', 'device.identity.hostname', set_(['device', 'identity', 'hostname'], 'web01\u0000'))
mutated('hostname-escape', 'device.identity.hostname', set_(['device', 'identity', 'hostname'], '\u001b[31mweb01'))
mutated('hostname-newline', 'device.identity.hostname', set_(['device', 'identity', 'hostname'], 'web01\nadmin: yes'))
mutated('hostname-empty', 'device.identity.hostname', set_(['device', 'identity', 'hostname'], ''))
mutated('hostname-100kb', 'device.identity.hostname', set_(['device', 'identity', 'hostname'], 'x' * 100_000))
mutated('disk-serial-nul', 'device.hardware.disks[0].serial', set_(['device', 'hardware', 'disks', 0, 'serial'], 'S3\u0000'))
mutated('disk-model-empty', 'device.hardware.disks[0].model', set_(['device', 'hardware', 'disks', 0, 'model'], ''))
mutated('technology-escape', 'device.hardware.platform.technology', set_(['device', 'hardware', 'platform', 'technology'], 'kvm\u001b'))
mutated('updates-source-newline', 'device.patch.updates.source', set_(['device', 'patch', 'updates', 'source'], 'apt\r\nx'))
mutated('bios-date-short', 'device.hardware.bios.release_date', set_(['device', 'hardware', 'bios', 'release_date'], '2023-6-14'))
mutated('bios-date-1066', 'device.hardware.bios.release_date', set_(['device', 'hardware', 'bios', 'release_date'], '1066-10-14'))
mutated('bios-date-future', 'device.hardware.bios.release_date', set_(['device', 'hardware', 'bios', 'release_date'], '2999-01-01'))
mutated('collected-in-future', 'collected_at', set_(['collected_at'], '2999-01-01T00:00:00Z'))
mutated('memory-negative', 'device.hardware.memory_bytes', set_(['device', 'hardware', 'memory_bytes'], -1))
mutated('memory-petabytes', 'device.hardware.memory_bytes', set_(['device', 'hardware', 'memory_bytes'], 2**60))
mutated('memory-float', 'device.hardware.memory_bytes', set_(['device', 'hardware', 'memory_bytes'], 1.5))
mutated('threads-zero', 'device.hardware.cpu.threads', set_(['device', 'hardware', 'cpu', 'threads'], 0))
mutated('cpu-ratio-nan-like', 'device.utilisation.cpu_busy_ratio', set_(['device', 'utilisation', 'cpu_busy_ratio'], 1e308))
mutated('unknown-field', 'device.identity.is_admin', set_(['device', 'identity', 'is_admin'], True))
mutated('unknown-kind', 'device.kind', set_(['device', 'kind'], 'toaster'))
mutated('kind-100kb', 'device.kind', set_(['device', 'kind'], 'k' * 100_000))
mutated('security-over-pending', 'device.patch.updates.security', set_(['device', 'patch', 'updates', 'security'], 10**6))
with open(f'{out}/expected.tsv', 'w') as f:
    f.write('# file\tthe field its rejection names ("" the whole body; OK accepted)\n')
    for name, field in cases:
        f.write(f'{name}\t{field}\n')
print(len(cases))
