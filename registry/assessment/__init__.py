"""The committee's yearly assessment of its branches (党建考评): docs/assessment.md."""
