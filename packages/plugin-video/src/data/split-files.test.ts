import { DataCorruptError } from '@zoo/core';
import { csvFields, kineticsClasses, kineticsClipName, kineticsRecords, parseClassIndex, parseKineticsCsv, parseSthV1Labels, parseSthV1Split, parseSthV2Labels, parseSthV2Split, parseUcfSplit } from './split-files';

describe('split-file adapters', () => {
  const classInd = '1 ApplyEyeMakeup\n2 ApplyLipstick\n3 Archery\n';

  it('UCF-101 classInd.txt (1-based) and HMDB-51 category.txt (one name a line)', () => {
    expect([...parseClassIndex(classInd, 'classInd.txt')]).toEqual([['ApplyEyeMakeup', 0], ['ApplyLipstick', 1], ['Archery', 2]]);
    expect([...parseClassIndex('brush_hair\ncartwheel\n', 'category.txt')]).toEqual([['brush_hair', 0], ['cartwheel', 1]]);
    expect(() => parseClassIndex('1 A\n1 B', 'c')).toThrow(/line 2: class index 1 is given twice/);
    expect(() => parseClassIndex('1 A\n3 B', 'c')).toThrow(/gaps/);
    expect(() => parseClassIndex('0 A', 'c')).toThrow(/counts from 1/);
    expect(() => parseClassIndex('', 'c')).toThrow(/no classes/);
  });

  it('trainlist (with 1-based labels) and testlist (class from the folder)', () => {
    const classes = parseClassIndex(classInd, 'classInd.txt');
    expect(parseUcfSplit('ApplyLipstick/v_ApplyLipstick_g08_c01.avi 2\nArchery/v_Archery_g08_c01.avi 3\n', 'trainlist01.txt', classes)).toEqual([
      { path: 'ApplyLipstick/v_ApplyLipstick_g08_c01.avi', labels: [1], where: 'trainlist01.txt line 1' },
      { path: 'Archery/v_Archery_g08_c01.avi', labels: [2], where: 'trainlist01.txt line 2' },
    ]);
    expect(parseUcfSplit('Archery/v_Archery_g01_c01.avi\n', 'testlist01.txt', classes)[0].labels).toEqual([2]);
    expect(() => parseUcfSplit('Archery/v.avi 1', 't.txt', classes)).toThrow(/t\.txt: line 1: label 1 but the folder 'Archery' is class 3/);
    expect(() => parseUcfSplit('Juggling/v.avi', 't.txt', classes)).toThrow(/line 1: 'Juggling\/v\.avi' is not in a class folder/);
  });

  it('Something-Something V2: template without brackets → label; test items have none', () => {
    const labels = parseSthV2Labels('{"Moving something up": "0", "Pushing something from left to right": "1"}', 'labels.json');
    const train = JSON.stringify([
      { id: '69703', label: 'moving pen up', template: 'Moving [something] up', placeholders: ['pen'] },
      { id: '166924', label: 'pushing adapter from left to right', template: 'Pushing [something] from left to right', placeholders: ['adapter'] },
    ]);
    expect(parseSthV2Split(train, 'train.json', labels)).toEqual([
      { path: '69703', labels: [0], where: 'train.json item 0' },
      { path: '166924', labels: [1], where: 'train.json item 1' },
    ]);
    expect(parseSthV2Split('[{"id": "1"}]', 'test.json')[0].labels).toEqual([]);
    expect(() => parseSthV2Split('[{"id":"1","template":"Nope [x]"}]', 'v.json', labels)).toThrow(/item 0: template 'Nope x' is not in the labels json/);
    expect(() => parseSthV2Split('[{"id":', 'v.json', labels)).toThrow(/v\.json: not valid JSON/);
    expect(() => parseSthV2Labels('{"a": "x"}', 'l.json')).toThrow(DataCorruptError);
  });

  it('Something-Something V1 csv: id;class name', () => {
    const labels = parseSthV1Labels('Holding something\nMoving something up\n', 'labels.csv');
    expect(parseSthV1Split('100218;Moving something up\n7;Holding something\n', 'train.csv', labels).map((r) => [r.path, r.labels])).toEqual([['100218', [1]], ['7', [0]]]);
    expect(() => parseSthV1Split('12;Flying', 'train.csv', labels)).toThrow(/line 1: class 'Flying' is not in the labels csv/);
    expect(() => parseSthV1Split('x;Flying', 'train.csv', labels)).toThrow(/expected 'video_id;class name'/);
  });

  it('Kinetics-400 csv: mmaction2 clip names, sorted classes, quoted fields, label-less test csv', () => {
    const csv = 'label,youtube_id,time_start,time_end,split\n"zumba",abc-DEF_123,10,20,train\n"arm wrestling",xyz,0,10,train\n';
    const clips = parseKineticsCsv(csv, 'kinetics_train.csv');
    expect(clips).toEqual([{ youtubeId: 'abc-DEF_123', start: 10, end: 20, className: 'zumba' }, { youtubeId: 'xyz', start: 0, end: 10, className: 'arm wrestling' }]);
    expect(kineticsClipName(clips[0])).toBe('abc-DEF_123_000010_000020');
    const classes = kineticsClasses(clips);
    expect([...classes]).toEqual([['arm wrestling', 0], ['zumba', 1]]);
    expect(kineticsRecords(clips, classes, 'k.csv').map((r) => [r.path, r.labels])).toEqual([['zumba/abc-DEF_123_000010_000020.mp4', [1]], ['arm_wrestling/xyz_000000_000010.mp4', [0]]]);
    expect(parseKineticsCsv('youtube_id,time_start,time_end,split\nq,1,2,test', 'test.csv')[0].className).toBeUndefined();
    expect(() => parseKineticsCsv('a,b\n', 'k.csv')).toThrow(/line 1: header/);
    expect(() => parseKineticsCsv('label,youtube_id,time_start,time_end,split\nx,y,1,2', 'k.csv')).toThrow(/line 2: 4 fields, the header has 5/);
    expect(() => parseKineticsCsv('label,youtube_id,time_start,time_end,split\nx,y,a,2,train', 'k.csv')).toThrow(/line 2: time_start 'a'/);
    expect(csvFields('a,"b,""c""",d')).toEqual(['a', 'b,"c"', 'd']);
  });
});
