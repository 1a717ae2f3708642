// Child process: the SpeedPix emulator on a real loopback socket and the wall clock, standing in
// for the provider upstream. Answers `{ url, credentials }` over IPC once listening.
import { createSpeedpixEmulator } from '@darkroom/emulator'
import { serveApp } from '@darkroom/emulator/node'
import { answerUsageRequests } from './report-usage.js'

const emulator = createSpeedpixEmulator({ seed: 7 })
const served = await serveApp(emulator.app, { host: '127.0.0.1', port: 0 })
answerUsageRequests()
process.send?.({ ready: true, url: served.url, credentials: emulator.credentials })
process.on('disconnect', () => process.exit(0))
