// Starts GOV.UK Frontend's components (Exit this page, error summary, skip link, buttons).
import { initAll } from '../build/govuk/govuk-frontend.min.js'

initAll()
