// The send benchmark's SMTP server, in its own process so that it does not share the measured
// process's CPU. Started by bench/send.ts with fork(); answers {type: 'stats'} and {type: 'reset'}.
import { startRecordingSink } from '../testkit/recording-sink.js';

const sink = await startRecordingSink();
process.send!({ type: 'ready', url: sink.url });
let cpuAtReset = process.cpuUsage();
process.on('message', (message: { type: string }) => {
  if (message.type === 'reset') {
    sink.accepted.length = 0;
    sink.bytes = 0;
    cpuAtReset = process.cpuUsage();
    process.send!({ type: 'reset' });
  } else if (message.type === 'stats') {
    const cpu = process.cpuUsage(cpuAtReset);
    process.send!({
      type: 'stats',
      accepted: sink.accepted.length,
      recipients: new Set(sink.accepted.map((m) => m.to)).size,
      bytes: sink.bytes,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  }
});
process.on('disconnect', () => process.exit(0));
