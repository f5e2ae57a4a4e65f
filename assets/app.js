// Starts GOV.UK Frontend's components. Pages work without it; this adds focus handling,
// character counts and the mobile menu.
import { initAll } from './govuk-frontend.min.js'

initAll()
