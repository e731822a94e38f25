## The ЭлЖур connector (docs/eljur.md)
eljur-unavailable = ⚠️ ЭлЖур does not answer: the marks were not refreshed; the summaries keep the last data received. Error: { $error }
eljur-back = ✅ ЭлЖур answers again: the marks are refreshed.
eljur-garbled = ⚠️ ЭлЖур's answer could not be read whole: nobody's marks were refreshed, the summaries keep the last data received. Reason: { $error }
