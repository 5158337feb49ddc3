#!/usr/bin/env python3
"""Writes a HubSpot-style company export with N rows (default 100000) to stdout.

Deterministic (seeded), realistic columns and values: names with accents, domains, cities,
countries, industries, employee counts with grouping, revenues, quoted descriptions with commas.
"""
import csv
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rng = random.Random(42)
prefixes = ["Alpen", "Nord", "Bastion", "Müller", "Čapek", "Årdal", "Isar", "Rhein", "Danube", "Fjord",
            "Helvetic", "Baltic", "Porto", "Atlas", "Clearwater", "Sunbridge", "Greenfield", "Oakridge"]
cores = ["Netzwerk", "Cyber", "Cloud", "Data", "Secure", "Voice", "Print", "Systems", "Networks", "IT"]
forms = ["GmbH", "AG", "Ltd", "AS", "SAS", "s.r.o.", "B.V.", "Inc.", "S.L.", "AB"]
cities = [("Munich", "Germany"), ("Vienna", "Austria"), ("Zurich", "Switzerland"), ("Lyon", "France"),
          ("Manchester", "United Kingdom"), ("Brno", "Czechia"), ("Bergen", "Norway"), ("Porto", "Portugal")]
industries = ["Managed security", "Network integration", "Cloud services", "Backup and recovery",
              "IT services", "Unified communications", "Managed print", "Data and analytics"]
w = csv.writer(sys.stdout, lineterminator="\r\n")
w.writerow(["Record ID", "Company name", "Company Domain Name", "City", "Country/Region", "Industry",
            "Number of Employees", "Annual Revenue", "Description"])
for i in range(n):
    name = f"{rng.choice(prefixes)} {rng.choice(cores)} {i} {rng.choice(forms)}"
    domain = f"{name.split()[0].lower().encode('ascii', 'ignore').decode() or 'x'}-{i}.example"
    city, country = rng.choice(cities)
    emp = rng.randint(5, 5000)
    w.writerow([1000 + i, name, domain, city, country, rng.choice(industries),
                f"{emp:,}" if emp >= 1000 else str(emp), f"{rng.randint(100, 90000) * 1000}.00",
                f"{rng.choice(industries)} partner, founded {rng.randint(1980, 2022)}, \"{rng.choice(cores)}\" practice"])
