import Foundation
import Yams

/// The deal fields that bring profiles from outside the deal file: a group's `profile: FILE.csv`
/// (Examples/README.md, "Profile files"), the deal's `concurrency: {sessions: FILE}` with each
/// group's `teams:`, and a group's `demand:` (forecast volume, by Erlang C). Each sets the groups'
/// ``SignedInProfile`` before the grid is read, so every source meets the same checks.
extension DealLoader {
  /// What the outside sources said about the grid: where their first interval starts (the grid's
  /// start when the deal does not state one), and which source, for messages.
  struct OutsideProfiles {
    var start: (minute: Int64, source: String)?
    var sources: [String] = []
    /// Whether the deal names any outside source (then the grid's start may come from it, and a
    /// source that failed has said why already).
    var named = false
  }

  /// Reads every group's `profile:` file, the deal's session log and every group's `demand:`, and
  /// sets the groups' profiles. Problems in the files are reported at their own file and row;
  /// problems with a field (a missing file) at the deal's line.
  static func readOutsideProfiles(
    _ top: Fields, file: String, groups: inout [(index: Int, group: AgentGroup)]
  ) -> OutsideProfiles {
    var outside = OutsideProfiles()
    let reader = top.reader
    let concurrency = top["concurrency"].flatMap { $0.node.mapping == nil ? nil : $0.mapping() }
    let step = concurrency?["grid"]?.node.scalar.flatMap { GridStep(text: $0.string) }
    let stated = concurrency?["start"]?.node.scalar.flatMap { parseInstant($0.string) }
      .map { Int64(($0.timeIntervalSince1970 / 60).rounded(.down)) }
    // Each group's own fields, by its position in `groups`.
    var profileFields: [(position: Int, field: Field)] = []
    var demandFields: [(position: Int, field: Field)] = []
    var teamLists: [(group: String, teams: [String]?)] = []
    let items = top["groups"]?.node.sequence.map(Array.init) ?? []
    for (position, entry) in groups.enumerated() where entry.index < items.count {
      let item = Field(node: items[entry.index], path: "groups[\(entry.index)]", reader: reader)
      guard item.node.mapping != nil, let fields = item.mapping() else { continue }
      if let field = fields["profile"] { profileFields.append((position, field)) }
      if let field = fields["demand"] { demandFields.append((position, field)) }
      let teams = fields["teams"]?.stringList()?.compactMap { $0.string() }
      teamLists.append((entry.group.name, teams))
    }
    let wantsGrid = !profileFields.isEmpty || !demandFields.isEmpty
    outside.named = wantsGrid || concurrency?["sessions"] != nil
    if wantsGrid && step == nil {
      if concurrency == nil {
        let field = (profileFields.first ?? demandFields.first)!.field
        field.error("needs the deal's grid: add concurrency: {grid: 30m} (the start is taken from the file)")
      }
      return outside
    }

    func noteStart(_ minute: Int64, source: String, problem: (String) -> Void) {
      if let stated, stated != minute {
        problem(
          "starts at \(ISOTime(minute: minute).text), but the deal's grid starts at \(ISOTime(minute: stated).text) (concurrency.start)"
        )
      } else if let first = outside.start, first.minute != minute {
        problem(
          "starts at \(ISOTime(minute: minute).text), but \(first.source) starts at \(ISOTime(minute: first.minute).text); every profile is on one grid"
        )
      } else if outside.start == nil {
        outside.start = (minute, source)
      }
    }

    // Profile files: each file read once, for every group that names it.
    if let step, !profileFields.isEmpty {
      var byFile: [(reference: String, path: String, positions: [Int], field: Field)] = []
      for (position, field) in profileFields {
        guard let reference = field.string() else { continue }
        let path = OccupancyFiles.path(reference, relativeTo: file)
        if let problem = OccupancyFiles.problem(path) {
          field.error(
            "profile file \(quoted(reference)) \(problem == "no such file" ? "not found (looked for \(escaped(path)))" : problem)"
          )
          continue
        }
        if let known = byFile.firstIndex(where: { $0.path == path }) {
          byFile[known].positions.append(position)
        } else {
          byFile.append((reference, path, [position], field))
        }
      }
      for (reference, path, positions, _) in byFile {
        let columns = positions.map {
          ProfileFile.Column(group: groups[$0].group.name, agents: groups[$0].group.agents)
        }
        do {
          let read = try ProfileFile.read(path: path, groups: columns, step: step)
          noteStart(read.starts[0], source: "profile file \(quoted(reference))") { message in
            reader.append(Diagnostic(file: path, line: 2, field: "start", message: "the profile " + message))
          }
          for position in positions {
            let name = groups[position].group.name
            groups[position].group.setProfile(
              SignedInProfile(counts: read.counts[name] ?? [], source: reference))
          }
          outside.sources.append(reference)
        } catch {
          for diagnostic in error.diagnostics { reader.append(diagnostic) }
        }
      }
    }

    // The session log.
    if let sessionsField = concurrency?["sessions"], let reference = sessionsField.string() {
      let path = OccupancyFiles.path(reference, relativeTo: file)
      if let problem = OccupancyFiles.problem(path) {
        sessionsField.error(
          "session log \(quoted(reference)) \(problem == "no such file" ? "not found (looked for \(escaped(path)))" : problem)"
        )
      } else if let step {
        do {
          let log = try SessionLog.read(path: path, teams: SessionLog.TeamMap(groupTeams: teamLists))
          let profiles = log.profiles(on: step)
          if let first = profiles.starts.first, let span = log.span {
            noteStart(first, source: "session log \(quoted(reference))") { message in
              sessionsField.error("the session log " + message)
            }
            let grid = GridIndex(step: step, first: span.first, last: span.last)
            for position in groups.indices {
              let name = groups[position].group.name
              guard let counts = profiles.counts[name], let perMinute = log.minutes[name] else {
                if groups[position].group.profile == nil {
                  reader.report(
                    reader.line(of: "groups[\(groups[position].index)]"), "groups[\(groups[position].index)]",
                    "no sessions for group \(quoted(name)) in \(quoted(reference)); it counts at its peak in every interval",
                    severity: .warning)
                }
                continue
              }
              if groups[position].group.profile != nil {
                reader.report(
                  reader.line(of: "groups[\(groups[position].index)].profile"), "groups[\(groups[position].index)]",
                  "group \(quoted(name)) has its own profile and sessions in \(quoted(reference)); give it one or the other"
                )
                continue
              }
              groups[position].group.setProfile(
                SignedInProfile(
                  counts: counts, minutes: perMinute.occupancy(from: grid.start, to: grid.end),
                  source: "sessions in \(reference)"))
              let users = log.distinctUsers[name] ?? 0
              if users > groups[position].group.agents {
                reader.report(
                  reader.line(of: "groups[\(groups[position].index)].agents"),
                  "groups[\(groups[position].index)].agents",
                  "\(users) distinct users signed in to group \(quoted(name)) in \(quoted(reference)), above its \(groups[position].group.agents) agents; named licenses would need \(users)",
                  severity: .warning)
              }
            }
            outside.sources.append("sessions in \(reference)")
          } else {
            sessionsField.error("session log \(quoted(reference)) has no sessions")
          }
        } catch {
          for diagnostic in error.diagnostics { reader.append(diagnostic) }
        }
      } else if concurrency?["grid"] == nil {
        sessionsField.error("needs the deal's grid: add grid: 30m beside sessions")
      }
    }

    // Forecast demand, by Erlang C.
    if let step, !demandFields.isEmpty {
      for (position, field) in demandFields {
        if groups[position].group.profile != nil {
          field.error("the group has a profile already; give it a profile, sessions or demand, one of them")
          continue
        }
        guard
          let (starts, counts) = DemandReader.read(
            field, file: file, step: step, agents: groups[position].group.agents, start: stated)
        else { continue }
        noteStart(starts[0], source: "the demand of group \(quoted(groups[position].group.name))") { message in
          field.error("the demand " + message)
        }
        groups[position].group.setProfile(SignedInProfile(counts: counts, source: "demand by Erlang C"))
        outside.sources.append("demand")
      }
    }
    return outside
  }
}

extension AgentGroup {
  /// Sets a profile read after the group (from a file, sessions or demand), with the peak it
  /// gives; the loader then puts back a stated `peak_concurrent` for the validator to check.
  mutating func setProfile(_ profile: SignedInProfile) {
    self.profile = profile
    concurrency = .peak(profile.peak)
  }
}

extension Deal {
  /// The deal with every group that has a profile at its profile's peak: what the deal's checks
  /// accepted (``DealValidator``: a stated `peak_concurrent` below the profile's peak is an error,
  /// above it a warning that it is not used), so that every output and what-if reads one peak.
  public func sizedFromProfiles() -> Deal {
    guard concurrency != nil, groups.contains(where: { $0.profile != nil }) else { return self }
    var deal = self
    for g in deal.groups.indices {
      if let profile = deal.groups[g].profile { deal.groups[g].concurrency = .peak(profile.peak) }
    }
    return deal
  }
}

extension MinuteCounts {
  /// As h10b's ``MinuteOccupancy``, from minute `from` to `to` (exclusive; minutes since 1970).
  func occupancy(from: Int64, to: Int64) -> MinuteOccupancy {
    var runs: [MinuteOccupancy.Run] = []
    for (minute, value) in zip(changes, values) where minute < to {
      let offset = Int(max(minute, from) - from)
      if runs.last?.minute == offset {
        runs[runs.count - 1].count = Int(value)
      } else {
        runs.append(MinuteOccupancy.Run(minute: offset, count: Int(value)))
      }
    }
    if runs.first?.minute != 0 { runs.insert(MinuteOccupancy.Run(minute: 0, count: 0), at: 0) }
    return MinuteOccupancy(start: Date(timeIntervalSince1970: Double(from * 60)), minutes: Int(to - from), runs: runs)
  }
}
